export { Badge, type BadgeProps, type Tone } from "./badge.tsx";
export { Banner, type BannerProps } from "./banner.tsx";
export { BarChart, type BarChartProps } from "./bar-chart.tsx";
export { Button, type ButtonProps, type ButtonVariant } from "./button.tsx";
export { Card, type CardProps } from "./card.tsx";
export type { ChartDatum } from "./chart-scale.ts";
export { CheckboxGroup, type CheckboxGroupProps } from "./checkbox-group.tsx";
export { CopyButton, type CopyButtonProps } from "./copy-button.tsx";
export {
  DataTable,
  type DataTableColumn,
  type DataTablePageInfo,
  type DataTableProps,
  type SortDirection,
  type SortState,
  type SortValue,
} from "./data-table.tsx";
export { type DescriptionItem, DescriptionList, type DescriptionListProps } from "./description-list.tsx";
export { Dialog, type DialogProps } from "./dialog.tsx";
export { Drawer, type DrawerProps } from "./drawer.tsx";
export { EmptyState, type EmptyStateProps } from "./empty-state.tsx";
export { LineChart, type LineChartProps } from "./line-chart.tsx";
export { LoadingState, type LoadingStateProps } from "./loading-state.tsx";
export { Meter, type MeterProps } from "./meter.tsx";
export { RadioGroup, type RadioGroupProps, type RadioOption } from "./radio-group.tsx";
export { type RankedBarItem, RankedBarList, type RankedBarListProps } from "./ranked-bar-list.tsx";
export { RevealOnceModal, type RevealOnceModalProps } from "./reveal-once-modal.tsx";
export { SelectField, type SelectFieldProps, type SelectOption } from "./select-field.tsx";
export { StatCard, type StatCardProps } from "./stat-card.tsx";
export { type Status, StatusPill, type StatusPillProps } from "./status-pill.tsx";
export { SwitchField, type SwitchFieldProps } from "./switch-field.tsx";
export { type TabItem, Tabs, type TabsProps } from "./tabs.tsx";
export { TextField, type TextFieldProps } from "./text-field.tsx";
export { TextareaField, type TextareaFieldProps } from "./textarea-field.tsx";
