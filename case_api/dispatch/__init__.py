"""指挥调度: a commander's order about an event or a case, to one officer or to a grid (一呼全应: everyone on duty
there); each officer acknowledges, reports arrival with a position and the result; the order's timeline."""
