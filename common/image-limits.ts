// The most pixels an image may have for Sightline to read it at all: the
// engine's decoder refuses more (sharp's limitInputPixels), as such an image
// is a decompression bomb, not a screenshot. Pure, so every door a capture
// comes in by can refuse the same images from their header, before storing
// anything.
export const maxImagePixels = 32_768 * 32_768;
