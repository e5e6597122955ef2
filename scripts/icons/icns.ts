/**
 * An Apple .icns container: 'icns' + total length (big-endian), then one
 * element per image, each its OSType, its length including this 8-byte
 * header, and the PNG data.
 */
export interface IcnsElement {
  type: string;
  png: Buffer;
}

export function writeIcns(elements: readonly IcnsElement[]): Buffer {
  const parts = elements.map((element) => {
    if (!/^[a-z0-9]{4}$/.test(element.type)) throw new Error(`bad icns type ${JSON.stringify(element.type)}`);
    const head = Buffer.alloc(8);
    head.write(element.type, 0, 'latin1');
    head.writeUInt32BE(element.png.length + 8, 4);
    return Buffer.concat([head, element.png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([header, ...parts]);
}
