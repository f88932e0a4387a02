"""Demo kommune: a synthetic municipality to try trappa on. Every figure in it is made up."""
