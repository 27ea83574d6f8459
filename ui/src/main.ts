// Entry point: the bundled Vietnamese-capable font, the styles, and the app.
import "@fontsource/noto-sans/vietnamese-400.css";
import "@fontsource/noto-sans/latin-400.css";
import "@fontsource/noto-sans/vietnamese-700.css";
import "@fontsource/noto-sans/latin-700.css";
import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";

const target = document.getElementById("app");
if (target) mount(App, { target });
