// How each colour name of the lists' palette is drawn: a dot beside the name (never the only
// thing that tells lists apart; the name always shows).
import type { ListColor } from '@tasklane/api/contract';

export const LIST_DOT_CLASS: Readonly<Record<ListColor, string>> = {
  gray: 'bg-slate-400',
  red: 'bg-red-500',
  orange: 'bg-orange-500',
  yellow: 'bg-yellow-400',
  green: 'bg-green-500',
  teal: 'bg-teal-500',
  blue: 'bg-blue-500',
  purple: 'bg-purple-500',
};

export const LIST_COLOR_LABEL: Readonly<Record<ListColor, string>> = {
  gray: 'Gray',
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  green: 'Green',
  teal: 'Teal',
  blue: 'Blue',
  purple: 'Purple',
};
