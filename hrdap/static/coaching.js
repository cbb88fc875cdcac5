/* Plan editor enhancements (optional: the page works without them).
 * - Autosave: a few seconds after typing stops, post the form to its own action with X-Autosave
 *   and show the server's "Saved at hh:mm".
 * - Live SMART checker: after typing in a recommendation, ask the server for the checker's hints.
 * No inline script (CSP); nothing loaded from elsewhere. */
(function () {
  "use strict";
  var form = document.getElementById("plan-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var token = form.querySelector("input[name=csrf_token]");
  var saveTimer = null;
  var checkTimers = {};

  function post(url, body, extraHeaders) {
    var headers = { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" };
    for (var k in extraHeaders || {}) { headers[k] = extraHeaders[k]; }
    return fetch(url, { method: "POST", body: body, headers: headers, credentials: "same-origin" })
      .then(function (r) { return r.json(); });
  }

  function autosave() {
    var data = new FormData(form);
    data.set("action", "save");
    post(form.action, data, { "X-Autosave": "1" })
      .then(function (json) { if (status && json.message) { status.textContent = json.message; } })
      .catch(function () { /* offline: the explicit Save button still works */ });
  }

  function render(box, json) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!json || !json.hints) { return; }
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = box.getAttribute("data-title") || "SMART";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(": " + json.category_label + " · " + json.time_bound_label));
    box.appendChild(p);
    if (json.category_help) {
      var help = document.createElement("p");
      help.className = "hint";
      help.textContent = json.category_help + " ";
      if (json.glossary_url) {
        var a = document.createElement("a");
        a.href = json.glossary_url;
        a.textContent = box.getAttribute("data-link") || "";
        help.appendChild(a);
      }
      box.appendChild(help);
    }
    var ul = document.createElement("ul");
    json.hints.forEach(function (h) { var li = document.createElement("li"); li.textContent = h; ul.appendChild(li); });
    box.appendChild(ul);
  }

  function check(field) {
    var box = document.getElementById(field.getAttribute("data-check"));
    var lang = form.querySelector("select[name=language]");
    if (!box) { return; }
    if (!field.value.trim()) { render(box, null); return; }
    var data = new FormData();
    var frame = form.querySelector("[data-check-text='" + field.id + "']");
    data.append("text", field.value);
    data.append("time_frame", frame ? frame.value : "");
    data.append("lang", lang ? lang.value : "en");
    post(form.getAttribute("data-check-url"), data).then(function (json) { render(box, json); })
      .catch(function () {});
  }

  form.addEventListener("input", function (event) {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(autosave, 3000);
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-check-text")) {   // the row's time frame
      field = document.getElementById(field.getAttribute("data-check-text")) || field;
    }
    if (field.hasAttribute && field.hasAttribute("data-check")) {
      var id = field.id;
      clearTimeout(checkTimers[id]);
      checkTimers[id] = setTimeout(function () { check(field); }, 700);
    }
  });
})();
