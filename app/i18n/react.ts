import { createContext, useContext } from "react";
import { translator, type Locale } from "./index";

export const I18nContext = createContext<Locale>("en");

export function useT() {
  return translator(useContext(I18nContext));
}

export function useLocale(): Locale {
  return useContext(I18nContext);
}
