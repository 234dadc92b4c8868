#!/usr/bin/env bash
# Debian packages the product and its tests use: Chromium and its driver for the
# browser tests, TrueType Chinese fonts for the PDF reports and screenshots,
# poppler for rendering PDF pages. Installs what is missing when it can (root
# with apt-get); otherwise says what is missing and goes on.
set -u
packages=(chromium chromium-driver fonts-wqy-zenhei fonts-arphic-gbsn00lp fonts-arphic-gkai00mp poppler-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "安装系统软件包：${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "警告：缺少系统软件包 ${missing[*]}（请以 root 运行 apt-get install）。浏览器测试和报告字体会受影响。" >&2
fi
exit 0
