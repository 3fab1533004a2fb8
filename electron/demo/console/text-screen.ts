// A text-mode screen for the built-in VNC console: a character grid (80×25, like a VGA console)
// drawn with the 5×7 font at twice its size into an RGB framebuffer, with the changed area tracked
// so the RFB server can send only what moved.

import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from './font5x7';

const SCALE = 2;
export const CELL_WIDTH = (GLYPH_WIDTH + 1) * SCALE;
export const CELL_HEIGHT = (GLYPH_HEIGHT + 1) * SCALE;

const FOREGROUND = 0xaaaaaa;
const BACKGROUND = 0x000000;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export class TextScreen {
  readonly width: number;
  readonly height: number;
  /** 0xRRGGBB per pixel, row-major */
  readonly pixels: Uint32Array;
  private readonly cells: Uint16Array;
  private cx = 0;
  private cy = 0;
  private dirty: Rect | undefined;

  constructor(
    readonly cols = 80,
    readonly rows = 25,
  ) {
    this.width = cols * CELL_WIDTH;
    this.height = rows * CELL_HEIGHT;
    this.pixels = new Uint32Array(this.width * this.height).fill(BACKGROUND);
    this.cells = new Uint16Array(cols * rows).fill(0x20);
    this.drawCursor(true);
  }

  /** Write text as a console would: \n moves down (and to column 0), \r to column 0, \b back. */
  write(text: string): void {
    this.drawCursor(false);
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (ch === '\n') {
        this.cx = 0;
        this.lineFeed();
      } else if (ch === '\r') {
        this.cx = 0;
      } else if (ch === '\b') {
        if (this.cx > 0) this.cx--;
      } else {
        if (this.cx >= this.cols) {
          this.cx = 0;
          this.lineFeed();
        }
        this.put(this.cx, this.cy, code < 0x20 || code > 0x7e ? 0x3f : code);
        this.cx++;
      }
    }
    this.drawCursor(true);
  }

  /** Erase the character left of the cursor (a terminal's backspace echo). */
  backspace(): void {
    if (this.cx === 0) return;
    this.write('\b');
    this.drawCursor(false);
    this.put(this.cx, this.cy, 0x20);
    this.drawCursor(true);
  }

  /** The character at a cell, for tests. */
  charAt(col: number, row: number): string {
    return String.fromCharCode(this.cells[row * this.cols + col]!);
  }

  /** The screen's text, one line per row with trailing blanks trimmed. */
  text(): string {
    const lines: string[] = [];
    for (let r = 0; r < this.rows; r++) {
      let line = '';
      for (let c = 0; c < this.cols; c++) line += this.charAt(c, r);
      lines.push(line.trimEnd());
    }
    return lines.join('\n');
  }

  /** The area changed since the last call, or undefined. */
  takeDirty(): Rect | undefined {
    const d = this.dirty;
    this.dirty = undefined;
    return d;
  }

  private lineFeed(): void {
    if (this.cy < this.rows - 1) {
      this.cy++;
      return;
    }
    this.cells.copyWithin(0, this.cols);
    this.cells.fill(0x20, (this.rows - 1) * this.cols);
    this.pixels.copyWithin(0, this.width * CELL_HEIGHT);
    this.pixels.fill(BACKGROUND, this.width * (this.height - CELL_HEIGHT));
    this.markDirty({ x: 0, y: 0, w: this.width, h: this.height });
  }

  private put(col: number, row: number, code: number): void {
    this.cells[row * this.cols + col] = code;
    const x0 = col * CELL_WIDTH;
    const y0 = row * CELL_HEIGHT;
    for (let y = 0; y < CELL_HEIGHT; y++) {
      for (let x = 0; x < CELL_WIDTH; x++) {
        // One blank pixel column and row (before scaling) separate the glyphs.
        const ink = glyphPixel(code, Math.floor(x / SCALE), Math.floor(y / SCALE));
        this.pixels[(y0 + y) * this.width + x0 + x] = ink ? FOREGROUND : BACKGROUND;
      }
    }
    this.markDirty({ x: x0, y: y0, w: CELL_WIDTH, h: CELL_HEIGHT });
  }

  /** An underline cursor in the last two pixel rows of the cursor's cell. */
  private drawCursor(on: boolean): void {
    if (this.cx >= this.cols) return;
    const x0 = this.cx * CELL_WIDTH;
    const y0 = this.cy * CELL_HEIGHT + CELL_HEIGHT - SCALE;
    for (let y = 0; y < SCALE; y++) {
      for (let x = 0; x < CELL_WIDTH - SCALE; x++) {
        this.pixels[(y0 + y) * this.width + x0 + x] = on ? FOREGROUND : BACKGROUND;
      }
    }
    this.markDirty({ x: x0, y: y0, w: CELL_WIDTH, h: SCALE });
  }

  private markDirty(r: Rect): void {
    const d = this.dirty;
    if (!d) {
      this.dirty = { ...r };
      return;
    }
    const x1 = Math.max(d.x + d.w, r.x + r.w);
    const y1 = Math.max(d.y + d.h, r.y + r.h);
    d.x = Math.min(d.x, r.x);
    d.y = Math.min(d.y, r.y);
    d.w = x1 - d.x;
    d.h = y1 - d.y;
  }
}
