// Runs on the audio thread: mixes the capture to mono and posts it in blocks of about 40 ms as Float32Array, from the moment
// the page says "start" (when its WebSocket is open), so that no backlog reaches the server faster than real time.
const BLOCK = 2048;

class PcmSender extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(BLOCK);
    this.filled = 0;
    this.sending = false;
    this.port.onmessage = e => { this.sending = e.data === "start"; };
  }

  process(inputs) {
    const channels = inputs[0];
    if (!this.sending || !channels || channels.length === 0) return true;
    const frames = channels[0].length;
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (const channel of channels) sum += channel[i];
      this.block[this.filled++] = sum / channels.length;
      if (this.filled === BLOCK) {
        this.port.postMessage(this.block, [this.block.buffer]);
        this.block = new Float32Array(BLOCK);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor("pcm-sender", PcmSender);
