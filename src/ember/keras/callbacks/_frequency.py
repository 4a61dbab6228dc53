"""``save_freq``: "epoch", or every N training batches (ModelCheckpoint, BackupAndRestore)."""


class SaveFrequency:
    """Validates a ``save_freq`` argument and says when a batch-level save is due.

    Args:
        save_freq: ``"epoch"`` or a positive integer.
        error: the message of the ``ValueError`` raised for anything else
            (formatted with ``save_freq``).

    Example:
        >>> every = SaveFrequency(2, "bad save_freq: {save_freq}")
        >>> [every.batch_done() for _ in range(5)]
        [False, True, False, True, False]
    """

    def __init__(self, save_freq, error):
        valid = save_freq == "epoch" or (
            isinstance(save_freq, int) and not isinstance(save_freq, bool) and save_freq >= 1
        )
        if not valid:
            raise ValueError(error.format(save_freq=save_freq))
        self.save_freq = save_freq
        self._batches = 0

    @property
    def per_epoch(self):
        """Whether saves happen at the end of every epoch."""
        return self.save_freq == "epoch"

    def batch_done(self):
        """Count one training batch; True when a save is due (never for ``"epoch"``)."""
        if self.per_epoch:
            return False
        self._batches += 1
        if self._batches < self.save_freq:
            return False
        self._batches = 0
        return True
