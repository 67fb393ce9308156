/** @internal Magic number of an IDX file of unsigned bytes with 3 dimensions (MNIST images). */
export const IDX_IMAGES_MAGIC = 0x00000803;

/** @internal Magic number of an IDX file of unsigned bytes with 1 dimension (MNIST labels). */
export const IDX_LABELS_MAGIC = 0x00000801;
