"""The editorial desk: articles from contributors' files, and the commands that edit articles and sections."""
