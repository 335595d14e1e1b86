// dossier serve: reload this page when the dossier is rebuilt; show build errors on top.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = Number(me && me.getAttribute("data-version"));
  var overlay = null;

  // Every element of the overlay carries its own colours inline, so that no style of the
  // page (a theme's <pre> background, dark or light mode) can make it unreadable.
  var BOX = "position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;" +
    "background:#16181d;color:#f2f2f2;padding:2rem;margin:0;font:15px/1.5 system-ui,sans-serif;" +
    "text-align:left";
  var TITLE = "color:#ffb3ad;background:transparent;font:bold 18px system-ui,sans-serif;" +
    "margin:0 0 1rem;padding:0";
  var ITEM = "white-space:pre-wrap;margin:0 0 1rem;padding:.6rem .8rem;border-radius:0;" +
    "background:#23262e;color:#f2f2f2;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;" +
    "border:0;border-left:4px solid ";
  var NOTE = "color:#d0d0d0;background:transparent;font:14px system-ui,sans-serif;" +
    "margin:1.5rem 0 0;padding:0";

  function showErrors(lines) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "dossier-build-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = BOX;
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "Build failed: the page below is the last good build";
    title.style.cssText = TITLE;
    overlay.append(title);
    // errors first (the server sends them first), each problem on its own
    lines.forEach(function (line) {
      var pre = document.createElement("pre");
      pre.textContent = line;
      var warning = /^[^\n]*: warning: /.test(line);
      pre.style.cssText = ITEM + (warning ? "#f5c26b" : "#ff8a80");
      overlay.append(pre);
    });
    var note = document.createElement("p");
    note.textContent = "Fix the file and save: this overlay goes away by itself.";
    note.style.cssText = NOTE;
    overlay.append(note);
  }

  function connect() {
    var source = new EventSource("/__dossier__/events?page=" + encodeURIComponent(location.pathname));
    source.addEventListener("built", function (event) {
      var data = JSON.parse(event.data);
      if (data.version !== version) {
        location.reload();
      } else if (overlay) {
        overlay.remove();
        overlay = null;
      }
    });
    source.addEventListener("failed", function (event) {
      showErrors(JSON.parse(event.data).errors);
    });
    source.onerror = function () {
      source.close();
      setTimeout(connect, 1000);  // the server restarted or went away: try again
    };
  }
  connect();
})();
