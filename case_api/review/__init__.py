"""案卷评查: every case file scored against a reviewed checklist (``checklist.yaml``), graded 优/良/合格/不合格, confirmed
or overridden by legal staff. The catalogue check goes through :class:`ports.OffenceCatalogue`, which the
composition root fills from the knowledge base; without it the record still reviews everything else."""
