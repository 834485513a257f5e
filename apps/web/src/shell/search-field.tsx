import { TextField } from "@keyward/ui";
import { useEffect, useRef, useState } from "react";

/** How long typing pauses before a search is sent: fast enough to feel live, without a query per key. */
export const searchDebounceMs = 250;

export interface SearchFieldProps {
  label: string;
  /** The search in effect (e.g. from the URL); the field follows it when it changes elsewhere. */
  value: string;
  onSearch: (value: string) => void;
  placeholder?: string;
  className?: string;
}

/** A search box that reports its text once typing pauses. */
export function SearchField({ label, value, onSearch, placeholder, className }: SearchFieldProps) {
  const [text, setText] = useState(value);
  const latestValue = useRef(value);
  latestValue.current = value;
  const latestOnSearch = useRef(onSearch);
  latestOnSearch.current = onSearch;

  useEffect(() => setText(value), [value]);

  useEffect(() => {
    if (text === latestValue.current) return;
    const timer = setTimeout(() => latestOnSearch.current(text), searchDebounceMs);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <TextField
      className={className}
      label={label}
      type="search"
      name="search"
      placeholder={placeholder}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
    />
  );
}
