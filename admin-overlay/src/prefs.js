// The admin's choices, kept in this browser: sound on alerts (off until they turn it on)
// and desktop notifications (the browser asks them, on their click) for alerts that
// arrive while the tab is in the background.

const KEY = "sitetracker.overlay";
let audio;

function load() {
  try {
    return JSON.parse(localStorage.getItem(KEY)) || {};
  } catch (e) {
    return {};
  }
}

export const soundOn = () => !!load().sound;

export function setSound(on) {
  try {
    localStorage.setItem(KEY, JSON.stringify(Object.assign(load(), { sound: on })));
  } catch (e) {}
  if (on) beep("sale"); // a click: the browser lets the page start audio now
}

/** A short tone: two rising notes for a sale, three insistent ones for an emergency. */
export function beep(kind) {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state == "suspended") audio.resume();
    const notes = kind == "emergency" ? [880, 0, 880, 0, 880] : kind == "sale" ? [660, 990] : [740];
    let at = audio.currentTime + 0.02;
    for (const frequency of notes) {
      if (frequency) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = kind == "emergency" ? "square" : "sine";
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(kind == "emergency" ? 0.08 : 0.18, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.16);
        osc.connect(gain).connect(audio.destination);
        osc.start(at);
        osc.stop(at + 0.18);
      }
      at += 0.14;
    }
  } catch (e) {}
}

export const notificationsState = () => (window.Notification ? Notification.permission : "unsupported");

/** Asks the browser (call from a click). Resolves with the new state. */
export async function askNotifications() {
  if (!window.Notification) return "unsupported";
  try {
    return await Notification.requestPermission();
  } catch (e) {
    return Notification.permission;
  }
}

/** A desktop notification when the tab is in the background and the admin allowed them. */
export function notify(title, body, tag, onclick) {
  if (!document.hidden || notificationsState() != "granted") return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      n.close();
      if (onclick) onclick();
    };
  } catch (e) {}
}
