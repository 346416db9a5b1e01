/** The product's name and version, as the protocol's hello and welcome carry them. */
export const PRODUCT_NAME = 'tandem';
export const PRODUCT_VERSION = '0.1.0';
export const PRODUCT = `${PRODUCT_NAME}/${PRODUCT_VERSION}`;
