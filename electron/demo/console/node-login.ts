// `/bin/login` as a node shell runs it for anyone but root@pam (pve-manager PVE/API2/Nodes.pm
// get_shell_command: "non-root must always login"), API tokens included since 9.0.13: a
// `<node> login:` prompt, a silent `Password:`, PAM users only. The demo's only PAM user is root,
// whose password is root@pam's.

const MAX_LINE = 256;

export class FakeLogin {
  private mode: 'user' | 'password' = 'user';
  private line = '';
  private user = '';
  private finished = false;

  constructor(
    private readonly host: string,
    private readonly checkPassword: (pamUser: string, password: string) => boolean,
    private readonly write: (text: string) => void,
    private readonly loggedIn: (user: string) => void,
  ) {}

  start(): void {
    this.write(`\r\n${this.host} login: `);
  }

  /** Raw terminal input (what the PTY would have received). */
  input(data: Buffer): void {
    for (const ch of data.toString('utf8')) {
      if (this.finished) return;
      if (ch === '\r' || ch === '\n') {
        this.enter();
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          if (this.mode === 'user') this.write('\b \b');
        }
      } else if (ch >= ' ' && this.line.length < MAX_LINE) {
        this.line += ch;
        if (this.mode === 'user') this.write(ch);
      }
    }
  }

  private enter(): void {
    const line = this.line;
    this.line = '';
    this.write('\r\n');
    if (this.mode === 'user') {
      if (!line) {
        this.write(`${this.host} login: `);
        return;
      }
      this.user = line;
      this.mode = 'password';
      this.write('Password: ');
      return;
    }
    this.mode = 'user';
    if (this.checkPassword(this.user, line)) {
      this.finished = true;
      this.loggedIn(this.user);
    } else {
      this.write(`\r\nLogin incorrect\r\n${this.host} login: `);
    }
  }
}
