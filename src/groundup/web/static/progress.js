// Live progress of an analysis: polls the job's JSON status and moves on to the result when done.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var stage = document.getElementById("job-stage");
  var message = document.getElementById("job-message");
  var delay = 800;
  var lastStage = "";
  var since = Date.now();

  // A step that takes a while says so, with the seconds it has been running: the page is not stuck.
  function still(job) {
    if (job.stage !== lastStage) { lastStage = job.stage; since = Date.now(); }
    var seconds = Math.round((Date.now() - since) / 1000);
    return seconds >= 10 ? ", still working: " + seconds + " s on this step" : "";
  }

  function show(job) {
    var percent = Math.round(job.fraction * 100);
    bar.value = percent;
    bar.textContent = percent + " %";
    stage.textContent = job.stage + (job.state === "running" ? " (" + percent + " %" + still(job) + ")" : "");
    box.setAttribute("data-state", job.state);
    if (job.state === "done" && job.result_url) {
      window.location.assign(job.result_url);
      return true;
    }
    if (job.state === "failed") {
      message.textContent = job.message;
      message.className = "flash bad";
      return true;
    }
    return false;
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (job) {
        if (!show(job)) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        stage.textContent = "Lost contact with the server; retrying...";
        window.setTimeout(poll, delay * 3);
      });
  }

  var state = box.getAttribute("data-state");
  if (state !== "done" && state !== "failed") { poll(); }
  else if (state === "done") { poll(); }
})();
