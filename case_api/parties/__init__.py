"""当事人: individuals and organisations named in cases."""
