/**
 * A Windows .ico container holding PNG images (supported since Vista and by
 * every tool electron-builder uses). Layout: ICONDIR (6 bytes), one 16-byte
 * ICONDIRENTRY per image, then the images.
 */
export interface IcoImage {
  size: number;
  png: Buffer;
}

export function writeIco(images: readonly IcoImage[]): Buffer {
  const headerBytes = 6 + 16 * images.length;
  const header = Buffer.alloc(headerBytes);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = headerBytes;
  images.forEach((image, i) => {
    if (image.size < 1 || image.size > 256) throw new Error(`an .ico image is 1-256 px, not ${image.size}`);
    const at = 6 + 16 * i;
    header.writeUInt8(image.size === 256 ? 0 : image.size, at); // 0 means 256
    header.writeUInt8(image.size === 256 ? 0 : image.size, at + 1);
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(image.png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += image.png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}
