// dossier serve: reload this page when the dossier is rebuilt; show build errors on top.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = Number(me && me.getAttribute("data-version"));
  var overlay = null;

  function showErrors(lines) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "dossier-build-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,24,.94);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;" +
        "padding:2rem";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "Build failed: the page below is the last good build";
    title.style.cssText = "color:#ff8a80;font:bold 18px system-ui,sans-serif;margin:0 0 1rem";
    var pre = document.createElement("pre");
    pre.textContent = lines.join("\n\n");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    var note = document.createElement("p");
    note.textContent = "Fix the file and save: this overlay goes away by itself.";
    note.style.cssText = "color:#bbb;font:14px system-ui,sans-serif;margin:1.5rem 0 0";
    overlay.append(title, pre, note);
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
