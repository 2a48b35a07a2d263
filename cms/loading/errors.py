class ContentError(Exception):
    """A data file that cannot be loaded: names the file, the line, the item and the reason."""

    def __init__(self, reason, *, file=None, line=None, item=None):
        self.reason = reason
        self.file = file
        self.line = line
        self.item = item
        super().__init__(str(self))

    def __str__(self):
        where = str(self.file) if self.file else "content"
        if self.line:
            where += f", line {self.line}"
        if self.item:
            where += f", item '{self.item}'"
        return f"{where}: {self.reason}"
