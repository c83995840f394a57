// What both views share: the class colours (from app.css) and time formatting.
const style = getComputedStyle(document.documentElement);

export function colourOf(window) {
  const name = window.hasSpeech ? window.emotion : "nospeech";
  return style.getPropertyValue(`--${name}`).trim() || "#999";
}

export function labelOf(window) {
  return window.hasSpeech ? window.emotion : "no speech";
}

export function formatTime(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = (seconds - minutes * 60).toFixed(1).padStart(4, "0");
  return `${String(minutes).padStart(2, "0")}:${rest}`;
}

export function percent(p) {
  return `${(p * 100).toFixed(0)}%`;
}

export function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}
