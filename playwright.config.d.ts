export declare const chromiumLaunch: {
    executablePath: string;
    args: string[];
};
declare const _default: import("@playwright/test").PlaywrightTestConfig<{}, {}>;
export default _default;
