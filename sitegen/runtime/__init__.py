"""Runtime: executors, the spool, and the few low-level helpers the stages share."""
