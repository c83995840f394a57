import { startLive } from "./live.js";
import { startFile } from "./file.js";

const response = await fetch("api/config");
const config = await response.json();
startLive(config);
startFile(config);
document.body.dataset.ready = "true";
