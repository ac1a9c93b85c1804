"""The site's pages: routes, views, templates, pages, exports, overview charts and the sitemap."""
