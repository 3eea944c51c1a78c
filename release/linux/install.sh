#!/bin/sh
# Install Bridgework for this user: the app under ~/.local/lib/bridgework, a `bridgework`
# command in ~/.local/bin, and the menu entry, icons and file types (so a double-click on
# an assignment or report opens it). Run it from the unpacked download: ./install.sh
# To remove everything again: ./install.sh --uninstall
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
app=$HOME/.local/lib/bridgework
bin=$HOME/.local/bin
id=org.bridgework.Bridgework

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$app" "$bin/bridgework" "$data/applications/$id.desktop" \
        "$data/mime/packages/$id.xml" "$data/metainfo/$id.metainfo.xml"
    for size in 16 24 32 48 64 128 256 512; do
        rm -f "$data/icons/hicolor/${size}x${size}/apps/$id.png"
    done
    echo "Bridgework has been removed. Your data folder was left as it is."
    exit 0
fi

mkdir -p "$app" "$bin" "$data/applications" "$data/mime/packages" "$data/metainfo"
rm -rf "$app"
cp -R "$here/bridgework" "$app"
ln -sf "$app/bridgework" "$bin/bridgework"
sed "s|^Exec=bridgework|Exec=$app/bridgework|; s|^TryExec=bridgework|TryExec=$app/bridgework|" \
    "$here/share/$id.desktop" > "$data/applications/$id.desktop"
cp "$here/share/$id.mime.xml" "$data/mime/packages/$id.xml"
cp "$here/share/$id.metainfo.xml" "$data/metainfo/$id.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    cp "$here/share/icons/bridgework-$size.png" "$data/icons/hicolor/${size}x${size}/apps/$id.png"
done
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Bridgework is installed: find it in your applications menu, or run 'bridgework'."
