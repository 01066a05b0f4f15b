class ExportFormatConverter:
    """Only the export formats we produce resolve; anything else is a plain 404."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
