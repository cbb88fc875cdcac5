/* Progressive enhancement of the application pages: a live countdown, local times, autosave of
   drafts and character counters. Every page works without it; the server decides the deadline. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var q = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  q("time[data-local]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (!isNaN(d)) { el.textContent = d.toLocaleString(lang, { dateStyle: "full", timeStyle: "long" }); }
  });

  q("[data-zone]").forEach(function (el) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) { el.textContent = zone.replace(/_/g, " "); }
  });

  q("[data-countdown]").forEach(function (el) {
    var end = Date.parse(el.getAttribute("data-countdown"));
    // Offset between the server's clock and this one, so a wrong local clock does not mislead.
    var skew = Date.parse(el.getAttribute("data-now")) - Date.now();
    var tick = function () {
      var s = Math.floor((end - Date.now() - skew) / 1000);
      if (s <= 0) { el.textContent = el.getAttribute("data-passed"); return; }
      el.textContent = el.getAttribute("data-format")
        .replace("{d}", Math.floor(s / 86400)).replace("{h}", Math.floor(s % 86400 / 3600))
        .replace("{m}", Math.floor(s % 3600 / 60)).replace("{s}", s % 60);
      setTimeout(tick, 1000);
    };
    tick();
  });

  q("textarea[data-limit]").forEach(function (area) {
    var out = document.querySelector('[data-counter="' + area.id + '"]');
    if (!out) { return; }
    var show = function () {
      out.textContent = area.value.length + " / " + area.getAttribute("data-limit");
      out.classList.toggle("error", area.value.length > +area.getAttribute("data-limit"));
    };
    area.addEventListener("input", show);
    show();
  });

  q("form[data-autosave]").forEach(function (form) {
    var status = form.querySelector("[data-autosave-status]"), timer = null, dirty = false;
    var save = function () {
      if (!dirty) { return; }
      dirty = false;
      var data = new FormData(form);
      data.set("go", "save");
      fetch(form.action || window.location.href, {
        method: "POST", body: data, credentials: "same-origin", headers: { "X-Autosave": "1" }
      }).then(function (r) {
        status.textContent = form.getAttribute(r.ok ? "data-saved" : "data-failed");
      }).catch(function () {
        dirty = true;
        status.textContent = form.getAttribute("data-failed");
      });
    };
    var later = function () { dirty = true; clearTimeout(timer); timer = setTimeout(save, 4000); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    window.addEventListener("pagehide", save);
  });
})();
