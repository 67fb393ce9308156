/** @internal One IDX file of a dataset and its checksums. */
export interface IdxFileSpec {
  /** The file name without `.gz`, e.g. `train-images-idx3-ubyte`. */
  readonly name: string;
  /** MD5 of the gzip file the official mirror serves (torchvision's checksum). */
  readonly md5: string;
  /** MD5 of the uncompressed file, which stays the same when a distribution recompresses it. */
  readonly rawMd5: string;
  /**
   * Bytes of the uncompressed file: the bound on what reading or downloading it may inflate to
   * or receive, so a corrupt file or a misbehaving server cannot fill memory.
   */
  readonly rawSize: number;
}

/** @internal The image and label files of one split. */
export interface IdxSplitSpec {
  readonly images: IdxFileSpec;
  readonly labels: IdxFileSpec;
}

/** @internal Everything that tells MNIST-style datasets apart: names, files, places, mirrors. */
export interface IdxDatasetSpec {
  /** The class name, used in messages: `FashionMNIST`. */
  readonly name: string;
  /** Subdirectory under `$STRATA_DATA` and the user cache: `fashion-mnist`. */
  readonly dir: string;
  readonly classes: readonly string[];
  readonly train: IdxSplitSpec;
  readonly test: IdxSplitSpec;
  /** Base URLs, each ending in `/`, tried in order. */
  readonly mirrors: readonly string[];
  /** The directory a distribution package installs the files into, if there is one. */
  readonly system?: { readonly dir: string; readonly debianPackage: string };
  /** The directory of the class-balanced sample shipped with the package, if there is one. */
  readonly sample?: URL;
}
