"""What a person reads in a bundle: the portfolio PDF and the offline HTML viewer."""
