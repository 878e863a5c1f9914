def main(root, jobs=None):
    raise NotImplementedError
