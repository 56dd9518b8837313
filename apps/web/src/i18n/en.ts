/** English messages, part 1 (site frame and top page). Same shape as ja.ts, checked by TypeScript. */
import type { CoreMessages } from './schema';

const en: CoreMessages = {
  app: {
    name: 'Corporate Web Service',
    tagline: 'For corporate card members',
  },
  header: {
    skip: 'Skip to main content',
    nav: 'Main menu',
    home: 'Home',
    flow: 'How to apply',
    login: 'Log in',
    signup: 'Apply now',
    dashboard: 'My page',
    enrollment: 'Register / change 3-D Secure',
    enrollmentShort: '3-D Secure',
    settings: 'Settings',
    logout: 'Log out',
    language: 'Language',
    loggedInAs: '{company}',
  },
  languages: {
    ja: '日本語',
    en: 'English',
  },
  footer: {
    maintenance: 'The service is closed for maintenance every day from {start} to {end} (JST).',
    secure: 'Pages where you enter IDs and passwords are protected by encrypted communication (TLS).',
    links: 'Footer menu',
    terms: 'Terms of the Corporate Web Service',
    copyright: '© Corporate Web Service Office',
  },
  top: {
    title: '3-D Secure authentication (J/Secure)',
    heroTitle: 'Safer online shopping with your corporate card.',
    heroLead:
      'Register or change 3-D Secure (J/Secure) for your corporate cards at any time through the Corporate Web Service. Registration and use are free of charge.',
    heroSignup: 'Apply for the Corporate Web Service',
    heroLogin: 'Log in',
    whatTitle: 'What is 3-D Secure authentication?',
    whatBody1:
      'When you shop at a participating online store, you confirm that it is really you by entering, in addition to the card details, the authentication ID and password you registered with the card issuer, or a one-time password.',
    whatBody2:
      'Unless a third party knows your authentication ID and password, your card is much harder to misuse, which makes online shopping safer.',
    jsecureTitle: 'JCB corporate cards use J/Secure',
    jsecureBody:
      'Corporate cards we issue with the JCB brand can use J/Secure, provided by JCB Co., Ltd. Look for the J/Secure logo at participating stores.',
    flowTitle: 'How authentication works when you shop',
    flow1Title: 'Choose card payment',
    flow1Body: 'Select card payment at the online store.',
    flow2Title: 'Authenticate',
    flow2Body:
      'Before the payment, an authentication screen appears. Enter your authentication ID and the one-time password sent by SMS, or your fixed password.',
    flow3Title: 'Payment complete',
    flow3Body: 'Once you are authenticated, the payment goes through.',
    methodsTitle: 'Two ways to authenticate',
    otpTitle: 'One-time password (SMS)',
    otpBody:
      'For each purchase, a password valid only once is sent by SMS to your registered mobile phone. There is nothing to remember, and leaked or reused passwords cannot be misused. Receiving the SMS is free.',
    passwordTitle: 'Fixed password',
    passwordBody:
      'You enter a password you set yourself each time. Easily guessed passwords, such as dates of birth, phone numbers or repeated characters, are not accepted.',
    corporateTitle: 'For corporate customers',
    corporateLead:
      'Corporate cards are registered for 3-D Secure card by card through the Corporate Web Service, a free service for corporate card members.',
    corporateNewTitle: 'New to the Corporate Web Service',
    corporateNewBody: 'See the steps from applying for the service to registering your cards.',
    corporateNewCta: 'How to apply',
    corporateMemberTitle: 'Already registered',
    corporateMemberBody:
      'Log in, open "Register / change 3-D Secure" and enter the card number and the card PIN.',
    corporateMemberCta: 'Log in',
    fraudTitle: 'Fraud detection analysis',
    fraudBody:
      'During authentication we analyse transaction and device information for signs of fraud. Low-risk purchases may skip the password, and purchases that look fraudulent may be declined. You can stop sharing data with the external fraud-detection provider under "Settings" after logging in.',
    noticeTitle: 'Before you use the service',
    notice1: 'At stores that do not take part in 3-D Secure, card payments work as usual.',
    notice2: '3-D Secure authentication is free of charge.',
    notice3: 'Please enable JavaScript and cookies.',
    notice4: 'The service is closed for maintenance every day from {start} to {end} (JST).',
    envTitle: 'Recommended environment',
    env1: 'Computers: the latest Google Chrome, Microsoft Edge, Mozilla Firefox or Safari (macOS)',
    env2: 'Smartphones: the latest Safari on iOS or Google Chrome on Android',
    env3: 'Please enable JavaScript and cookies.',
    envNote: 'Even in a recommended environment, some browser and OS combinations, ad blockers or security software settings may keep the authentication screen from showing correctly.',
  },
  titles: {
    top: '3-D Secure authentication',
  },
};

export default en;
