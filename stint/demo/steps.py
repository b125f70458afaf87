"""Demo-data steps of the marketplace apps, registered in order."""
