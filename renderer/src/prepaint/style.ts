// The first frame's stylesheet: the app's measures (header 38 px, rows 26 px, Mantine's xs/sm
// font sizes, the workspace's hairline borders) and Mantine's default palette, light and dark by
// the system's colour scheme as the app's `defaultColorScheme="auto"` follows it.

export const FIRST_FRAME_CSS = `
.ff{position:fixed;inset:0;z-index:1000;display:flex;flex-direction:column;overflow:hidden;
  font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,sans-serif,Apple Color Emoji,Segoe UI Emoji;
  font-size:13px;line-height:1.55;cursor:default;user-select:none;
  --ff-bg:#fff;--ff-text:#000;--ff-dimmed:#868e96;--ff-border:#dee2e6;--ff-input:#fff;--ff-seg:#f1f3f5;--ff-seg-on:#fff;
  --ff-blue-5:#339af0;--ff-green-6:#40c057;--ff-gray-6:#868e96;--ff-red-6:#fa5252;--ff-yellow-6:#fab005;--ff-orange-6:#fd7e14;
  background:var(--ff-bg);color:var(--ff-text)}
@media (prefers-color-scheme: dark){.ff{--ff-bg:#242424;--ff-text:#c9c9c9;--ff-dimmed:#828282;--ff-border:#424242;
  --ff-input:#2e2e2e;--ff-seg:#1f1f1f;--ff-seg-on:#424242}}
.ff-header{height:38px;flex-shrink:0;box-sizing:border-box;border-bottom:1px solid var(--ff-border);display:flex;align-items:center;padding:0 8px}
.ff-title{font-size:16px;font-weight:700;letter-spacing:.5px}
.ff-body{flex:1;min-height:0;display:flex;flex-direction:column}
.ff-main{flex:1;min-height:0;display:flex}
.ff-tree{flex-shrink:0;display:flex;flex-direction:column;min-width:0;overflow:hidden}
.ff-filter{padding:6px}
.ff-input{height:30px;box-sizing:border-box;border:1px solid var(--ff-border);border-radius:4px;background:var(--ff-input)}
.ff-views{display:flex;margin:0 6px 4px;padding:3px;border-radius:4px;background:var(--ff-seg);height:29.05px;box-sizing:border-box}
.ff-seg{flex:1;text-align:center;font-size:11px;font-weight:500;line-height:23px;color:var(--ff-dimmed);border-radius:4px}
.ff-seg-on{background:var(--ff-seg-on);color:var(--ff-text);font-weight:600;box-shadow:0 1px 3px rgba(0,0,0,.05),0 1px 2px rgba(0,0,0,.1)}
.ff-rows{position:relative;flex:1;min-height:0;overflow:hidden}
.ff-row{position:absolute;left:0;right:0;height:26px;box-sizing:border-box;padding-right:6px;display:flex;align-items:center;gap:6px;white-space:nowrap}
.ff-row svg{flex-shrink:0}
.ff-stale{opacity:.5}
.ff-disabled{opacity:.55}
.ff-name{overflow:hidden;text-overflow:ellipsis;min-width:0}
.ff-strong{font-weight:600}
.ff-medium{font-weight:500}
.ff-fill{flex:1}
.ff-dim{font-size:11px;color:var(--ff-dimmed);white-space:nowrap}
.ff-vmid{flex-shrink:0}
.ff-dim-text{color:var(--ff-dimmed)}
.ff-note{font-style:italic}
.ff-chips{display:flex;gap:3px;overflow:hidden;flex-shrink:1;min-width:0}
.ff-chip{height:16px;line-height:14px;box-sizing:border-box;padding:0 6px;border-radius:4px;border:1px solid transparent;font-size:9px;font-weight:500;letter-spacing:.25px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;flex-shrink:0}
.ff-more{border-color:var(--ff-gray-6);color:var(--ff-gray-6);background:transparent}
.ff-spinner{width:10px;height:10px;box-sizing:border-box;border:2px solid var(--ff-blue-5);border-right-color:transparent;border-radius:50%;flex-shrink:0;animation:ff-spin .8s linear infinite}
@keyframes ff-spin{to{transform:rotate(360deg)}}
.ff-vsep{width:1px;background:var(--ff-border);flex-shrink:0}
.ff-center{flex:1}
.ff-hsep{height:1px;background:var(--ff-border);flex-shrink:0}
.ff-tasks{flex-shrink:0}
.ff-logs{flex-shrink:0}
`;
