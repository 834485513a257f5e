import QRCode from "qrcode";
import { useEffect, useState } from "react";

/** An otpauth:// URI as an SVG QR code (generated in the browser: the secret never leaves it). */
export function QrCode(props: { value: string; label: string }) {
  const [source, setSource] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toString(props.value, { type: "svg", margin: 1, errorCorrectionLevel: "M" }).then(
      (svg) => {
        if (current) setSource(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      },
      () => {
        if (current) setSource(null);
      },
    );
    return () => {
      current = false;
    };
  }, [props.value]);
  if (!source) return <div className="kw-qr kw-qr--empty" aria-hidden="true" />;
  return <img className="kw-qr" src={source} alt={props.label} width={184} height={184} />;
}
