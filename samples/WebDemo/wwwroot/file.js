// The file view: a dropped or chosen file goes to /api/segments; its windows are drawn over the waveform, listed in a table,
// and followed by a cursor while the audio plays.
import { colourOf, formatTime, labelOf, percent, showError } from "./emotions.js";

export function startFile(config) {
  const drop = document.getElementById("drop");
  const input = document.getElementById("file-input");
  const status = document.getElementById("file-status");
  const error = document.getElementById("file-error");
  const view = document.getElementById("file-view");
  const table = document.getElementById("segments");
  const canvas = document.getElementById("waveform");
  const player = document.getElementById("player");
  const legend = document.getElementById("legend");
  let analysis = null;

  input.addEventListener("change", () => { if (input.files.length) analyse(input.files[0]); });
  drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", e => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length) analyse(e.dataTransfer.files[0]);
  });
  player.addEventListener("play", () => requestAnimationFrame(follow));
  player.addEventListener("seeked", () => draw());

  async function analyse(file) {
    showError(error, "");
    view.hidden = table.hidden = true;
    analysis = null;
    if (file.size > config.maxUploadBytes) {
      showError(error, `${file.name} is larger than the ${(config.maxUploadBytes / 1048576).toFixed(1)} MB this demo accepts.`);
      return;
    }
    status.textContent = `Analysing ${file.name}…`;
    try {
      const response = await fetch(`api/segments?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file });
      const body = await response.json().catch(() => ({ error: `The server answered ${response.status} without a reason.` }));
      if (!response.ok) throw new Error(body.error);
      analysis = body;
    } catch (e) {
      status.textContent = "";
      showError(error, e.message || "The upload failed.");
      return;
    }
    status.textContent = `${analysis.name}: ${analysis.windows.length} windows over ${formatTime(analysis.duration)}.`;
    if (player.src) URL.revokeObjectURL(player.src);
    player.src = URL.createObjectURL(file);
    view.hidden = table.hidden = false;
    fillTable(table.tBodies[0], analysis.windows);
    fillLegend(legend, config.labels);
    draw();
  }

  function follow() {
    draw();
    if (!player.paused && !player.ended) requestAnimationFrame(follow);
  }

  function draw() {
    if (!analysis) return;
    const g = canvas.getContext("2d");
    const { width, height } = canvas;
    const x = t => (t / Math.max(analysis.duration, 1e-6)) * width;
    g.clearRect(0, 0, width, height);
    // Windows overlap; each is drawn from its start to the next one's, so every moment shows the latest window heard.
    analysis.windows.forEach((w, i) => {
      const until = i + 1 < analysis.windows.length ? analysis.windows[i + 1].start : w.end;
      g.globalAlpha = 0.3;
      g.fillStyle = colourOf(w);
      g.fillRect(x(w.start), 0, Math.max(1, x(until) - x(w.start)), height);
      g.globalAlpha = 1;
      g.fillRect(x(w.start), height - 14, Math.max(1, x(until) - x(w.start)), 14);
    });
    g.fillStyle = "#222";
    const mid = (height - 14) / 2;
    const step = width / analysis.waveform.length;
    const loudest = Math.max(1e-4, ...analysis.waveform);
    analysis.waveform.forEach((peak, i) => {
      const h = Math.max(1, (peak / loudest) * mid * 0.95);
      g.fillRect(i * step, mid - h, Math.max(1, step - 0.5), 2 * h);
    });
    g.fillStyle = "#0b57d0";
    g.fillRect(x(player.currentTime) - 1, 0, 2, height);
  }
}

function fillTable(body, windows) {
  body.replaceChildren(...windows.map(w => {
    const row = document.createElement("tr");
    row.dataset.start = w.start;
    row.dataset.emotion = w.emotion;
    row.dataset.speech = w.hasSpeech;
    for (const text of [formatTime(w.start), formatTime(w.end), labelOf(w), w.hasSpeech ? percent(w.confidence) : "–"]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  }));
}

function fillLegend(legend, labels) {
  legend.replaceChildren(...[...labels, "no speech"].map(label => {
    const item = document.createElement("span");
    item.textContent = label;
    item.style.setProperty("--c", `var(--${label === "no speech" ? "nospeech" : label})`);
    return item;
  }));
}
