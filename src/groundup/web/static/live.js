// Live mirror: the camera's frames go to the server one at a time over a WebSocket (the next leaves
// when the answer to the last is in, so a slow server drops frames instead of queueing them); the
// answer's joints, knee states, rep count and cue are drawn over the mirrored video.
(function () {
  "use strict";
  var box = document.getElementById("live");
  if (!box) { return; }
  var video = document.getElementById("live-video");
  var canvas = document.getElementById("live-canvas");
  var repCount = document.getElementById("rep-count");
  var cueBox = document.getElementById("cue");
  var statusBox = document.getElementById("live-status");
  var latencyBox = document.getElementById("live-latency");
  var logBox = document.getElementById("live-log");
  var startButton = document.getElementById("live-start");
  var stopButton = document.getElementById("live-stop");
  var recordButton = document.getElementById("live-record");
  var movement = document.getElementById("live-movement");
  var person = document.getElementById("live-person");
  var grab = document.createElement("canvas");
  var SKELETON = [[11, 12], [23, 24], [11, 23], [12, 24], [11, 13], [13, 15], [12, 14], [14, 16], [23, 25], [25, 27],
    [24, 26], [26, 28], [27, 29], [29, 31], [27, 31], [28, 30], [30, 32], [28, 32]];
  var SIDES = {left: {hip: 23, knee: 25, ankle: 27}, right: {hip: 24, knee: 26, ankle: 28}};
  var COLOURS = {ok: "#3cc83c", "in": "#e62828", unseen: "#969696"};
  var MAX_SIDE = 480, CUE_MS = 1500;
  var socket = null, camera = null, waiting = false, started = 0, recording = false;
  var latencies = [], cueUntil = 0, frames = 0, last = null;

  function say(text) { statusBox.textContent = text; }

  function socketUrl() {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + box.getAttribute("data-ws-path") +
      "?movement=" + encodeURIComponent(movement.value);
  }

  function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("This browser gives no camera here (a phone needs the https:// address).");
      return;
    }
    startButton.disabled = true;
    navigator.mediaDevices.getUserMedia({video: {width: {ideal: 640}, height: {ideal: 480}, facingMode: "user"},
      audio: false})
      .then(function (s) { camera = s; video.srcObject = s; return video.play(); })
      .then(connect)
      .catch(function (e) { say("The camera could not be opened: " + e.message); startButton.disabled = false; });
  }

  function connect() {
    socket = new WebSocket(socketUrl());
    socket.binaryType = "arraybuffer";
    socket.onopen = function () {
      started = performance.now();
      say("Connected: stand still, facing the camera, feet in view.");
      stopButton.disabled = false;
      movement.disabled = true;  // the stream follows the movement chosen when it opened
      if (recordButton) { recordButton.disabled = false; }
      send();
    };
    socket.onmessage = function (event) {
      waiting = false;
      show(JSON.parse(event.data));
      send();
    };
    socket.onclose = function (event) {
      say(event.reason || "Live mode stopped.");
      socket = null;
      stop();
    };
  }

  function send() {
    if (!socket || socket.readyState !== 1 || waiting) { return; }
    if (video.readyState < 2 || !video.videoWidth) { setTimeout(send, 50); return; }
    var scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    grab.width = Math.round(video.videoWidth * scale);
    grab.height = Math.round(video.videoHeight * scale);
    grab.getContext("2d").drawImage(video, 0, 0, grab.width, grab.height);
    var time = (performance.now() - started) / 1000;
    waiting = true;
    grab.toBlob(function (blob) {
      blob.arrayBuffer().then(function (jpeg) {
        var message = new Uint8Array(8 + jpeg.byteLength);
        new DataView(message.buffer).setFloat64(0, time, true);
        message.set(new Uint8Array(jpeg), 8);
        if (socket && socket.readyState === 1) { socket.send(message.buffer); } else { waiting = false; }
      });
    }, "image/jpeg", 0.75);
  }

  function show(reply) {
    if (reply.job) { window.location.assign(reply.job); return; }
    if (reply.error) { say(reply.error); }
    if (typeof reply.recording === "boolean") { setRecording(reply.recording); }
    if (typeof reply.reps !== "number") { return; }
    frames += 1;
    box.setAttribute("data-frames", String(frames));
    repCount.textContent = String(reply.reps);
    latencies.push(performance.now() - started - reply.sent * 1000);
    if (latencies.length > 60) { latencies.shift(); }
    latencyBox.textContent = String(Math.round(median(latencies)));
    var now = performance.now();
    var knee = reply.cues.filter(function (c) { return /knee/.test(c); });
    if (knee.length) { cueBox.textContent = knee.join(" / "); cueUntil = now + CUE_MS; }
    else if (now > cueUntil) { cueBox.textContent = reply.status === "ready" ? "" : (reply.cues[0] || cueBox.textContent); }
    if (reply.rep) { logBox.textContent = "Rep " + reply.rep.rep + (reply.rep.caved.left || reply.rep.caved.right ?
      ": a knee caved in" : ": knees over the feet"); }
    if (reply.hold) { logBox.textContent = reply.hold; }
    if (reply.hold_done) { logBox.textContent = "Held " + reply.hold_done.held_s.toFixed(1) + " s on the " +
      reply.hold_done.side + " leg"; }
    last = reply;
  }

  function median(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    return sorted[Math.floor((sorted.length - 1) / 2)];
  }

  // Every screen refresh: the camera's picture as a mirror, and the last answer drawn over it.
  function paint() {
    var w = video.videoWidth, h = video.videoHeight;
    if (camera && w) {
      var g = canvas.getContext("2d");
      if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
      g.save();
      g.translate(w, 0);
      g.scale(-1, 1);
      g.drawImage(video, 0, 0, w, h);
      g.restore();
      if (last) { draw(g, last, w, h); }
    }
    window.requestAnimationFrame(paint);
  }

  function draw(g, reply, w, h) {
    if (!reply.joints) { canvas.setAttribute("data-joints", "0"); return; }
    var at = function (i) { var p = reply.joints[i]; return p ? [(1 - p[0]) * w, p[1] * h] : null; };
    var unit = Math.max(w, h) / 640, seen = 0;
    g.lineWidth = 3 * unit;
    g.strokeStyle = "#ebebeb";
    SKELETON.forEach(function (bone) {
      var a = at(bone[0]), b = at(bone[1]);
      if (a && b) { g.beginPath(); g.moveTo(a[0], a[1]); g.lineTo(b[0], b[1]); g.stroke(); }
    });
    reply.joints.forEach(function (p) { if (p) { seen += 1; } });
    Object.keys(SIDES).forEach(function (side) {
      var ankle = at(SIDES[side].ankle), hip = at(SIDES[side].hip), knee = at(SIDES[side].knee);
      if (ankle && hip) {
        g.strokeStyle = "#ffc800"; g.lineWidth = 1.5 * unit;
        g.beginPath(); g.moveTo(ankle[0], ankle[1]); g.lineTo(ankle[0], hip[1]); g.stroke();
      }
      if (knee) {
        g.fillStyle = COLOURS[(reply.knees && reply.knees[side]) || "unseen"];
        g.beginPath(); g.arc(knee[0], knee[1], 9 * unit, 0, 2 * Math.PI); g.fill();
      }
    });
    canvas.setAttribute("data-joints", String(seen));
  }

  function setRecording(on) {
    recording = on;
    if (recordButton) { recordButton.textContent = on ? "Stop and analyse" : "Record"; }
  }

  function record() {
    if (!socket) { return; }
    var command = recording ? {record: false, person: Number(person.value), movement: movement.value} : {record: true};
    socket.send(JSON.stringify(command));
    if (recording) { say("Sending the recording to the analysis..."); }
  }

  function stop() {
    if (socket) { socket.close(1000, "Stopped."); }
    if (camera) { camera.getTracks().forEach(function (t) { t.stop(); }); camera = null; }
    waiting = false;
    last = null;
    startButton.disabled = false;
    stopButton.disabled = true;
    movement.disabled = false;
    if (recordButton) { recordButton.disabled = true; }
    setRecording(false);
  }

  window.requestAnimationFrame(paint);
  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", stop);
  if (recordButton) { recordButton.addEventListener("click", record); }
}());
