import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

// jsdom has no canvas: answer "no 2D context" as a browser without canvas would, instead of logging
// "not implemented" for every chart.
HTMLCanvasElement.prototype.getContext = () => null;
