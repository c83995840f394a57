// The live view: microphone -> AudioWorklet (mono Float32) -> WebSocket; windows come back as JSON and move the bars and the timeline.
import { colourOf, formatTime, labelOf, percent, showError } from "./emotions.js";

const MAX_TIMELINE = 200;

export function startLive(config) {
  const button = document.getElementById("listen");
  const status = document.getElementById("live-status");
  const error = document.getElementById("live-error");
  const current = document.getElementById("live-current");
  const timeline = document.getElementById("timeline");
  const bars = buildBars(document.getElementById("bars"), config.labels);
  let session = null;

  button.addEventListener("click", async () => {
    if (session) {
      session.stop("Stopped.");
      return;
    }
    showError(error, "");
    timeline.replaceChildren();
    setListening(true);
    try {
      session = await openSession({
        onStatus: text => { status.textContent = text; },
        onWindow: window => showWindow(window),
        onEnd: (text, isError) => {
          session = null;
          setListening(false);
          status.textContent = isError ? "Stopped." : text;
          if (isError) showError(error, text);
        },
      });
    } catch (e) {
      session = null;
      setListening(false);
      status.textContent = "Not listening.";
      showError(error, `The microphone could not be opened: ${e.message}`);
    }
  });

  function setListening(on) {
    button.textContent = on ? "Stop" : "Listen";
    button.setAttribute("aria-pressed", String(on));
  }

  function showWindow(window) {
    window.probabilities.forEach((p, i) => bars[i].set(p));
    current.textContent = window.hasSpeech
      ? `${window.emotion} ${percent(window.confidence)} at ${formatTime(window.start)}`
      : `no speech at ${formatTime(window.start)}`;
    const item = document.createElement("li");
    item.dataset.start = window.start;
    item.dataset.end = window.end;
    item.dataset.emotion = window.emotion;
    item.dataset.speech = window.hasSpeech;
    item.dataset.probabilities = window.probabilities.join(",");
    item.style.background = colourOf(window);
    item.innerHTML = `<time></time><strong></strong>`;
    item.querySelector("time").textContent = `${formatTime(window.start)}–${formatTime(window.end)}`;
    item.querySelector("strong").textContent = `${labelOf(window)} ${window.hasSpeech ? percent(window.confidence) : ""}`;
    timeline.append(item);
    while (timeline.children.length > MAX_TIMELINE) timeline.firstElementChild.remove();
    timeline.scrollLeft = timeline.scrollWidth;
  }
}

function buildBars(list, labels) {
  return labels.map(label => {
    const item = document.createElement("li");
    item.innerHTML = `<span class="name"></span><div class="bar" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><span></span></div><span class="value">0%</span>`;
    item.querySelector(".name").textContent = label;
    const meter = item.querySelector(".bar");
    meter.setAttribute("aria-label", label);
    const fill = meter.querySelector("span");
    fill.style.background = `var(--${label})`;
    const value = item.querySelector(".value");
    list.append(item);
    return {
      set(p) {
        fill.style.width = percent(p);
        value.textContent = percent(p);
        meter.setAttribute("aria-valuenow", (p * 100).toFixed(0));
      },
    };
  });
}

async function openSession({ onStatus, onWindow, onEnd }) {
  const media = await navigator.mediaDevices.getUserMedia({
    // The model wants the voice as it is: no echo cancelling, noise suppression or gain riding.
    audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
  const context = new AudioContext();
  await context.audioWorklet.addModule("pcm-worklet.js");
  const source = context.createMediaStreamSource(media);
  const sender = new AudioWorkletNode(context, "pcm-sender", { numberOfOutputs: 1 });
  const mute = context.createGain();
  mute.gain.value = 0;
  source.connect(sender).connect(mute).connect(context.destination);

  const url = new URL("live", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url);
  let ended = false;
  const finish = (text, isError) => {
    if (ended) return;
    ended = true;
    sender.port.postMessage("stop");
    sender.port.onmessage = null;
    media.getTracks().forEach(t => t.stop());
    context.close();
    if (socket.readyState <= WebSocket.OPEN) socket.close(1000);
    onEnd(text, isError);
  };

  socket.onopen = () => {
    socket.send(JSON.stringify({ type: "start", sampleRate: context.sampleRate, format: "f32" }));
    sender.port.onmessage = e => { if (socket.readyState === WebSocket.OPEN) socket.send(e.data.buffer); };
    sender.port.postMessage("start");
    onStatus(`Listening at ${context.sampleRate} Hz…`);
  };
  socket.onmessage = e => {
    const message = JSON.parse(e.data);
    if (message.type === "window") onWindow(message.window);
    else if (message.type === "error") finish(message.message, true);
    else if (message.type === "end") finish(message.message, false);
  };
  socket.onclose = e => finish(e.reason || "The connection closed.", e.code !== 1000);
  socket.onerror = () => finish("The connection to the server failed.", true);
  return { stop: text => finish(text, false) };
}
