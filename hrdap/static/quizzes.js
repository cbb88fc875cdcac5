/* Progressive enhancement of a quiz attempt: autosave a few seconds after each change (to the same
   address as the "Save answers" button) and a countdown when there is a time limit. The page works
   fully without it; the server enforces the time limit. */
(function () {
  "use strict";
  var q = function (sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); };

  q("[data-countdown]").forEach(function (el) {
    var end = Date.parse(el.getAttribute("data-countdown"));
    var skew = Date.parse(el.getAttribute("data-now")) - Date.now();  // trust the server's clock
    var tick = function () {
      var s = Math.floor((end - Date.now() - skew) / 1000);
      if (s <= 0) { el.textContent = el.getAttribute("data-passed"); return; }
      el.textContent = el.getAttribute("data-format")
        .replace("{m}", Math.floor(s / 60)).replace("{s}", s % 60);
      setTimeout(tick, 1000);
    };
    tick();
  });

  q("form[data-quiz-autosave]").forEach(function (form) {
    var status = form.querySelector("[data-autosave-status]"), timer = null, dirty = false;
    var save = function () {
      if (!dirty) { return; }
      dirty = false;
      var data = new FormData(form);
      data.set("action", "save");
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin", headers: { "X-Autosave": "1" }
      }).then(function (r) {
        status.textContent = form.getAttribute(r.ok ? "data-saved" : "data-failed");
      }).catch(function () {
        dirty = true;
        status.textContent = form.getAttribute("data-failed");
      });
    };
    var later = function () { dirty = true; clearTimeout(timer); timer = setTimeout(save, 3000); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function () { dirty = false; clearTimeout(timer); });
    window.addEventListener("pagehide", save);
  });
})();
