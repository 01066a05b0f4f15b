from verbund.core.testing import SHARED_DATA as DATA
from verbund.core.testing import shared_data as data_path

__all__ = ["DATA", "data_path"]
