// Small inline icons (no icon font or library to download). Decorative: buttons carry the name.
const common = {
  'aria-hidden': true,
  viewBox: '0 0 20 20',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.75,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  className: 'size-5',
} as const;

export function PencilIcon() {
  return (
    <svg {...common}>
      <path d="M13.5 3.5l3 3L7 16H4v-3l9.5-9.5z" />
    </svg>
  );
}

export function TrashIcon() {
  return (
    <svg {...common}>
      <path d="M3.5 5.5h13M8 5.5V4h4v1.5M5 5.5l.8 11h8.4l.8-11M8.5 8.5v5M11.5 8.5v5" />
    </svg>
  );
}

export function FilterIcon() {
  return (
    <svg {...common}>
      <path d="M3 5h14M6 10h8M8.5 15h3" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...common} className="size-3.5">
      <path d="M5 5l10 10M15 5L5 15" />
    </svg>
  );
}
