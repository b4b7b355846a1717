import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/app.tsx';
import { installGateway, signedInAt } from './fake-gateway.ts';

describe('layout', () => {
  it('"Menu" opens the folded navigation and following a link closes it', async () => {
    installGateway();
    signedInAt('/history');
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('heading', { name: 'History' });

    const menu = screen.getByRole('button', { name: 'Menu' });
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    expect(document.querySelector('.topbar')?.getAttribute('data-menu')).toBe('closed');
    await user.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    expect(document.querySelector('.topbar')?.getAttribute('data-menu')).toBe('open');

    await user.click(screen.getByRole('link', { name: 'Flows' }));
    expect(await screen.findByRole('heading', { name: 'Flows' })).toBeTruthy();
    expect(menu.getAttribute('aria-expanded')).toBe('false');
  });
});
