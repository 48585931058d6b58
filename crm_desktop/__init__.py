"""crm-desktop: an offline desktop CRM for small sales teams."""

__version__ = "0.1.0"
APP_NAME = "crm-desktop"
