"""The archive: the year's volume (合订本), PDF/A copies, search across back issues, and the web archive."""
