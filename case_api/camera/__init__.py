"""非接触式执法: camera detections as candidate events, reviewed by a person (第四十一条) before becoming a case."""
