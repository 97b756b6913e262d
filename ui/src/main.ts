import { mount } from "svelte";
import App from "./App.svelte";
import { guardClosing } from "./lib/closing";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

// Without the shell (a plain browser) there is no close to hold; the page's
// own hide and unload events still save.
guardClosing().catch(() => undefined);

export default mount(App, { target });
