// What the built-in VNC console shows: a Debian text console with a getty. Typed characters echo
// (so a key press visibly changes pixels); `root` with any password logs in to a toy prompt that
// knows a handful of commands. Keys arrive as X11 keysyms from RFB KeyEvents.

import { TextScreen } from './text-screen';

const XK_BACKSPACE = 0xff08;
const XK_RETURN = 0xff0d;
const XK_KP_ENTER = 0xff8d;

type Mode = 'login' | 'password' | 'shell';

export class VmGetty {
  readonly screen = new TextScreen(80, 25);
  private mode: Mode = 'login';
  private line = '';
  private user = '';

  constructor(private readonly vmName: string) {
    this.screen.write(`\nDebian GNU/Linux 13 ${vmName} tty1\n\n`);
    this.prompt();
  }

  /** An RFB KeyEvent; only presses matter to a getty. */
  key(keysym: number, down: boolean): void {
    if (!down) return;
    if (keysym === XK_RETURN || keysym === XK_KP_ENTER) {
      this.enter();
    } else if (keysym === XK_BACKSPACE) {
      if (this.line.length === 0) return;
      this.line = this.line.slice(0, -1);
      if (this.mode !== 'password') this.screen.backspace();
    } else if (keysym >= 0x20 && keysym <= 0x7e) {
      const ch = String.fromCharCode(keysym);
      this.line += ch;
      if (this.mode !== 'password') this.screen.write(ch);
    }
  }

  private prompt(): void {
    if (this.mode === 'login') this.screen.write(`${this.vmName} login: `);
    else if (this.mode === 'password') this.screen.write('Password: ');
    else this.screen.write(`root@${this.vmName}:~# `);
  }

  private enter(): void {
    const line = this.line;
    this.line = '';
    this.screen.write('\n');
    if (this.mode === 'login') {
      if (line) {
        this.user = line;
        this.mode = 'password';
      }
    } else if (this.mode === 'password') {
      if (this.user === 'root') {
        this.screen.write(
          `Linux ${this.vmName} 6.12.48+deb13-amd64 #1 SMP PREEMPT_DYNAMIC Debian x86_64\n\n`,
        );
        this.mode = 'shell';
      } else {
        this.screen.write('\nLogin incorrect\n');
        this.mode = 'login';
      }
    } else {
      const out = this.run(line.trim());
      if (out !== undefined) this.screen.write(out);
    }
    this.prompt();
  }

  private run(cmd: string): string | undefined {
    const name = cmd.split(/\s+/)[0] ?? '';
    if (name === '') return undefined;
    if (name === 'exit' || name === 'logout') {
      this.mode = 'login';
      this.screen.write(`\nDebian GNU/Linux 13 ${this.vmName} tty1\n\n`);
      return undefined;
    }
    if (name === 'hostname') return `${this.vmName}\n`;
    if (name === 'whoami') return 'root\n';
    if (name === 'echo') return `${cmd.slice(5)}\n`;
    if (name === 'uname') return 'Linux\n';
    return `-bash: ${name}: command not found\n`;
  }
}
