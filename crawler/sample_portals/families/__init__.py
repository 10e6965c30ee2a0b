"""One renderer module per CMS family; each defines a Portal subclass."""
from .aspnet import AspNetPortal
from .liferay import LiferayPortal
from .nukeviet import NukeVietPortal
from .sharepoint import SharePointPortal
from .wordpress import WordPressPortal

FAMILIES = {cls.family: cls for cls in
            (SharePointPortal, LiferayPortal, AspNetPortal, WordPressPortal, NukeVietPortal)}
