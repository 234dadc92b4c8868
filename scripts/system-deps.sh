#!/usr/bin/env bash
# Debian packages the product and its tests use: Chromium and its driver for the
# browser tests, TrueType Chinese fonts for the PDF reports and screenshots,
# poppler for rendering PDF pages and measuring their lines, LibreOffice Writer
# (no GUI) for checking that a report's .docx lays out as its PDF, and
# texlive-lang-chinese for its FandolFang, the free 仿宋 of the report body
# (made TrueType by `manage.py prepare_report_fonts` in make setup). Installs
# what is missing when it can (root with apt-get); otherwise says what is
# missing and goes on. Then installs the fontconfig aliases of the 公文 font
# names (仿宋_GB2312 → 仿宋 / FangSong → FandolFang R, …), so LibreOffice on
# this machine opens a report's .docx in the installed faces.
set -u
cd "$(dirname "$0")"
packages=(chromium chromium-driver fonts-wqy-zenhei fonts-arphic-gbsn00lp fonts-arphic-gkai00mp poppler-utils libreoffice-writer-nogui texlive-lang-chinese)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
root=0
[ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null && root=1
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$root" -eq 1 ]; then
    echo "安装系统软件包：${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "警告：缺少系统软件包 ${missing[*]}（请以 root 运行 apt-get install）。浏览器测试、报告字体和 Word 版式检查会受影响。" >&2
  fi
fi
aliases=fontconfig/65-sixiaji-gongwen.conf
target=/etc/fonts/conf.d/65-sixiaji-gongwen.conf
if ! cmp -s "$aliases" "$target" 2>/dev/null; then
  if [ "$root" -eq 1 ] && [ -d /etc/fonts/conf.d ]; then
    install -m 644 "$aliases" "$target" && fc-cache -f >/dev/null 2>&1 || true
  else
    echo "提示：公文字体别名未安装到 $target（需 root）；测试与 bench 通过 FONTCONFIG_FILE 使用 scripts/$aliases。" >&2
  fi
fi
exit 0
